"""Step 43 of Deep Learning from Scratch 3 (a 1 → 10 → 1 sigmoid network fitting a noisy sine,
lr 0.2, 10,000 iterations) with the forward and backward written by hand in NumPy: the floor
every framework adds to. Prints the final loss."""
import sys
import time

import numpy as np

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
start = time.perf_counter()
np.random.seed(0)
x = np.random.rand(100, 1)
y = np.sin(2 * np.pi * x) + np.random.rand(100, 1)
I, H, O = 1, 10, 1
W1 = 0.01 * np.random.randn(I, H)
b1 = np.zeros(H)
W2 = 0.01 * np.random.randn(H, O)
b2 = np.zeros(O)
lr = 0.2
for i in range(iterations):
    a = x @ W1 + b1
    h = 1 / (1 + np.exp(-a))
    y_pred = h @ W2 + b2
    diff = y - y_pred
    loss = (diff ** 2).sum() / len(diff)
    g_pred = -2 * diff / len(diff)
    gW2 = h.T @ g_pred
    gb2 = g_pred.sum(axis=0)
    gh = g_pred @ W2.T
    ga = gh * h * (1 - h)
    gW1 = x.T @ ga
    gb1 = ga.sum(axis=0)
    W1 -= lr * gW1
    b1 -= lr * gb1
    W2 -= lr * gW2
    b2 -= lr * gb2
print(repr(float(loss)), f"{time.perf_counter() - start:.3f}")
