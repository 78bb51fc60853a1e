# A two-layer sigmoid network (1 → 10 → 1) learning a noisy sine wave, as in Deep Learning
# from Scratch 3, step 43, in DeZero's spelling (this file also runs with DeZero).
import numpy as np
from dezero import Variable
import dezero.functions as F

np.random.seed(0)
x = np.random.rand(100, 1)
y = np.sin(2 * np.pi * x) + np.random.rand(100, 1)

inputs, hidden, outputs = 1, 10, 1
W1 = Variable(0.01 * np.random.randn(inputs, hidden))
b1 = Variable(np.zeros(hidden))
W2 = Variable(0.01 * np.random.randn(hidden, outputs))
b2 = Variable(np.zeros(outputs))
params = [W1, b1, W2, b2]


def predict(x):
    h = F.sigmoid(F.linear(x, W1, b1))
    return F.linear(h, W2, b2)


lr = 0.2
for i in range(10000):
    loss = F.mean_squared_error(y, predict(x))
    for p in params:
        p.cleargrad()
    loss.backward()
    for p in params:
        p.data -= lr * p.grad.data
    if i % 1000 == 0:
        print(i, loss)
print(loss)
