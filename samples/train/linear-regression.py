# Linear regression by gradient descent on 100 noisy points of y = 5 + 2x: the data of Deep
# Learning from Scratch 3, step 42, in DeZero's spelling (this file also runs with DeZero).
import numpy as np
from dezero import Variable
import dezero.functions as F

np.random.seed(0)
x = np.random.rand(100, 1)
y = 5 + 2 * x + np.random.rand(100, 1)

W = Variable(np.zeros((1, 1)))
b = Variable(np.zeros(1))


def predict(inputs):
    return F.matmul(inputs, W) + b


def squared_error(target, prediction):
    difference = target - prediction
    return F.sum(difference ** 2) / len(difference)


lr = 0.1
for epoch in range(100):
    loss = squared_error(y, predict(x))
    W.cleargrad()
    b.cleargrad()
    loss.backward()
    W.data -= lr * W.grad.data
    b.data -= lr * b.grad.data
    if epoch % 10 == 9:
        print(epoch + 1, W, b, loss)
