"""Static analysis: which code torch.export traces, and what each value in it is."""
