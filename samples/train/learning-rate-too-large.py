# Linear regression with a learning rate ten times too large: every step overshoots the
# minimum by more than it was off, and the loss grows by orders of magnitude each pass.
# Plot it with a log axis: graphviz-grad plot FILE --log-y
import numpy as np
from dezero import Variable
import dezero.functions as F

np.random.seed(0)
x = np.random.rand(100, 1)
y = 5 + 2 * x + np.random.rand(100, 1)

W = Variable(np.zeros((1, 1)))
b = Variable(np.zeros(1))
lr = 1.0

for i in range(30):
    error = y - (F.matmul(x, W) + b)
    loss = F.sum(error ** 2) / 100
    W.cleargrad()
    b.cleargrad()
    loss.backward()
    W.data -= lr * W.grad.data
    b.data -= lr * b.grad.data

print(loss)
