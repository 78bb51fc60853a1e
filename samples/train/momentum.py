# Gradient descent with momentum, written out by hand, on a long narrow bowl
# f(x, y) = x² + 10 y²: the velocity v keeps the steps going along the valley.
import numpy as np
from dezero import Variable

x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
vx = np.zeros(())
vy = np.zeros(())
momentum = 0.9
lr = 0.02

for i in range(100):
    loss = x ** 2 + 10 * y ** 2
    x.cleargrad()
    y.cleargrad()
    loss.backward()
    vx = momentum * vx - lr * x.grad.data
    vy = momentum * vy - lr * y.grad.data
    x.data += vx
    y.data += vy
    if i % 20 == 0:
        print(i, loss)

print(x, y, loss)
