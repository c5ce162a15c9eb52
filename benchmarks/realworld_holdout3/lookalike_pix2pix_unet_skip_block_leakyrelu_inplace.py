# Source: junyanz/pytorch-CycleGAN-and-pix2pix models/networks.py (UnetGenerator and
#   UnetSkipConnectionBlock, paraphrased; BatchNorm in eval, no dropout): `downconv =
#   nn.Conv2d(input_nc, inner_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)`, `downrelu =
#   nn.LeakyReLU(0.2, True)`, `downnorm = norm_layer(inner_nc)`, `uprelu = nn.ReLU(True)`, `upnorm =
#   norm_layer(outer_nc)`, `if outermost: upconv = nn.ConvTranspose2d(inner_nc * 2, outer_nc,
#   kernel_size=4, stride=2, padding=1); down = [downconv]; up = [uprelu, upconv, nn.Tanh()]; model =
#   down + [submodule] + up elif innermost: upconv = nn.ConvTranspose2d(inner_nc, outer_nc, ...); down =
#   [downrelu, downconv]; up = [uprelu, upconv, upnorm]; model = down + up else: ...; down = [downrelu,
#   downconv, downnorm]; up = [uprelu, upconv, upnorm]; model = down + [submodule] + up`; forward: `if
#   self.outermost: return self.model(x) else: return torch.cat([x, self.model(x)], 1)  # add skip
#   connections`.
# Look-alike (measured): every inner block applies `LeakyReLU(0.2, inplace=True)` to its input
#   first, so the skip `x` of `torch.cat([x, self.model(x)], 1)` is the activated tensor in eager;
#   but the inner blocks' inputs are intermediate tensors of the generator (the outermost block
#   starts with the convolution, the forward argument is never written), and torch.export's
#   functionalisation keeps the eager order: exports and matches eager on unseen sizes (torch
#   2.13, 2026-12-03). Traced at 32x48 with a width of 16 among the checked sizes, `ep.module()`
#   rejected it (`Guard failed: input.size()[3] // 16 != 1`: the innermost map is 1 wide and
#   export assumes a dynamic size is not 1), so the sizes are declared as multiples of 16 from 32.
import torch
from torch import nn
from torch.export import Dim


class UnetSkipConnectionBlock(nn.Module):
    def __init__(self, outer_nc, inner_nc, input_nc=None, submodule=None, outermost=False, innermost=False, norm_layer=nn.BatchNorm2d):
        super().__init__()
        self.outermost = outermost
        use_bias = False
        if input_nc is None:
            input_nc = outer_nc
        downconv = nn.Conv2d(input_nc, inner_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
        downrelu = nn.LeakyReLU(0.2, True)
        downnorm = norm_layer(inner_nc)
        uprelu = nn.ReLU(True)
        upnorm = norm_layer(outer_nc)
        if outermost:
            upconv = nn.ConvTranspose2d(inner_nc * 2, outer_nc, kernel_size=4, stride=2, padding=1)
            down = [downconv]
            up = [uprelu, upconv, nn.Tanh()]
            model = down + [submodule] + up
        elif innermost:
            upconv = nn.ConvTranspose2d(inner_nc, outer_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
            down = [downrelu, downconv]
            up = [uprelu, upconv, upnorm]
            model = down + up
        else:
            upconv = nn.ConvTranspose2d(inner_nc * 2, outer_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
            down = [downrelu, downconv, downnorm]
            up = [uprelu, upconv, upnorm]
            model = down + [submodule] + up
        self.model = nn.Sequential(*model)

    def forward(self, x):
        if self.outermost:
            return self.model(x)
        return torch.cat([x, self.model(x)], 1)


class Model(nn.Module):
    def __init__(self, input_nc=3, output_nc=3, ngf=4):
        super().__init__()
        unet_block = UnetSkipConnectionBlock(ngf * 4, ngf * 4, innermost=True)
        unet_block = UnetSkipConnectionBlock(ngf * 2, ngf * 4, submodule=unet_block)
        unet_block = UnetSkipConnectionBlock(ngf, ngf * 2, submodule=unet_block)
        self.model = UnetSkipConnectionBlock(output_nc, ngf, input_nc=input_nc, submodule=unet_block, outermost=True)

    def forward(self, input):
        return self.model(input)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 32, 48),), (torch.randn(1, 3, 64, 32),), (torch.randn(3, 3, 48, 32),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=64) * 16, 3: Dim("w", min=2, max=64) * 16},)
