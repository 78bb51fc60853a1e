# Plain gradient descent on the long narrow bowl f(x, y) = x² + 10 y², from (1, 1), with the
# learning rate of momentum.py: compare the two paths with
#   graphviz-grad plot samples/train/sgd.py samples/train/momentum.py --path x y
import numpy as np
from dezero import Variable

x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
lr = 0.02

for i in range(100):
    loss = x ** 2 + 10 * y ** 2
    x.cleargrad()
    y.cleargrad()
    loss.backward()
    x.data -= lr * x.grad.data
    y.data -= lr * y.grad.data

print(x, y, loss)
