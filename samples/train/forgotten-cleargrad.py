# The bug of step 42 without W.cleargrad() and b.cleargrad(): each backward adds its
# gradients to the last ones, so the steps grow and the loss stops falling. graphviz-grad
# warns at the backward; compare the loss with linear-regression.py's:
#   graphviz-grad plot samples/train/linear-regression.py samples/train/forgotten-cleargrad.py
import numpy as np
from dezero import Variable
import dezero.functions as F

np.random.seed(0)
x = np.random.rand(100, 1)
y = 5 + 2 * x + np.random.rand(100, 1)

W = Variable(np.zeros((1, 1)))
b = Variable(np.zeros(1))
lr = 0.1

for epoch in range(100):
    y_pred = F.matmul(x, W) + b
    loss = F.mean_squared_error(y, y_pred)
    loss.backward()
    W.data -= lr * W.grad.data
    b.data -= lr * b.grad.data

print(W, b, loss)
