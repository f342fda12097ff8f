"""Training helpers shared by make_cnn_models.py and make_pwl_models.py (imported by both; not a
script). Importing it makes torch deterministic: one thread, deterministic algorithms, so the
generated .onnx files are reproducible byte for byte.
"""

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def digits():
    """sklearn's 8x8 digits as [N, 1, 8, 8] float32 pixels in [0, 1], split 75/25 with a fixed
    seed: (x_train, y_train, x_test, y_test) tensors."""
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=0)
    return (torch.tensor(xtr), torch.tensor(ytr), torch.tensor(xte), torch.tensor(yte))


def train(model, x, y, loss_fn, epochs, lr=0.01, batch=64, seed=0):
    """Adam over shuffled mini-batches (the shuffle seeded by `seed`); returns `model` in eval()
    mode."""
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    model.eval()
    return model


def accuracy(model, x, y):
    """Fraction of rows of x whose arg-max output is the label y."""
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()
