"""torch.export tutorial, "0/1 specialization": Linear(4, 3) traced with a batch of 1.

Dim.AUTO lets torch.export specialise the batch to 1 (a note); the program then refuses the
batch of 2 the tutorial calls it with, which eager accepts: ep.module() fails.
"""

import torch
from torch.export.dynamic_shapes import Dim

model = torch.nn.Linear(4, 3)
example_inputs = [(torch.randn(1, 4),), (torch.randn(2, 4),)]
dynamic_shapes = {"input": (Dim.AUTO, Dim.STATIC)}
