# Source: yanx27/Pointnet_Pointnet2_pytorch models/pointnet_utils.py (STN3d.forward and
#   PointNetEncoder.forward, paraphrased): `batchsize = x.size()[0]`, `x =
#   F.relu(self.bn1(self.conv1(x)))`, ..., `x = torch.max(x, 2, keepdim=True)[0]`, `x = x.view(-1,
#   1024)`, `x = F.relu(self.bn4(self.fc1(x)))`, ..., `iden =
#   Variable(torch.from_numpy(np.array([1, 0, 0, 0, 1, 0, 0, 0, 1]).astype(np.float32))).view(1,
#   9).repeat(batchsize, 1)`, `if x.is_cuda: iden = iden.cuda()`, `x = x + iden`, `x = x.view(-1, 3,
#   3)`; encoder: `B, D, N = x.size()`, `trans = self.stn(x)`, `x = x.transpose(2, 1)`, `if D > 3:
#   feature = x[:, :, 3:]; x = x[:, :, :3]`, `x = torch.bmm(x, trans)`, `if D > 3: x = torch.cat([x,
#   feature], dim=2)`, `x = x.transpose(2, 1)`, `x = F.relu(self.bn1(self.conv1(x)))`.
# Look-alike: numpy in forward, `.view(-1, 1024)`-style flattening and `if D > 3` look like
#   hazards, but the numpy array is a constant identity (no size or tensor data goes in), the
#   channel count D is static, and `repeat(batchsize, 1)` keeps the batch symbolic: exports and
#   matches eager on unseen batch sizes and point counts.
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.autograd import Variable
from torch.export import Dim


class STN3d(nn.Module):
    def __init__(self, channel, width=32):
        super().__init__()
        self.width = width
        self.conv1 = nn.Conv1d(channel, 16, 1)
        self.conv2 = nn.Conv1d(16, width, 1)
        self.fc1 = nn.Linear(width, 16)
        self.fc3 = nn.Linear(16, 9)
        self.bn1 = nn.BatchNorm1d(16)
        self.bn2 = nn.BatchNorm1d(width)
        self.bn4 = nn.BatchNorm1d(16)

    def forward(self, x):
        batchsize = x.size()[0]
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = torch.max(x, 2, keepdim=True)[0]
        x = x.view(-1, self.width)
        x = F.relu(self.bn4(self.fc1(x)))
        x = self.fc3(x)
        iden = Variable(torch.from_numpy(np.array([1, 0, 0, 0, 1, 0, 0, 0, 1]).astype(np.float32))).view(1, 9).repeat(batchsize, 1)
        if x.is_cuda:
            iden = iden.cuda()
        x = x + iden
        return x.view(-1, 3, 3)


class Model(nn.Module):
    def __init__(self, channel=6):
        super().__init__()
        self.stn = STN3d(channel)
        self.conv1 = nn.Conv1d(channel, 16, 1)
        self.bn1 = nn.BatchNorm1d(16)

    def forward(self, x):
        B, D, N = x.size()
        trans = self.stn(x)
        x = x.transpose(2, 1)
        if D > 3:
            feature = x[:, :, 3:]
            x = x[:, :, :3]
        x = torch.bmm(x, trans)
        if D > 3:
            x = torch.cat([x, feature], dim=2)
        x = x.transpose(2, 1)
        x = F.relu(self.bn1(self.conv1(x)))
        return torch.max(x, 2)[0], trans


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 6, 50),), (torch.randn(2, 6, 33),), (torch.randn(6, 6, 64),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
