# Gradient descent on the Rosenbrock function, from (0, 2): the curved valley every optimiser
# lecture shows. DeZero's spelling (Deep Learning from Scratch 3, step 28); this file also runs
# with DeZero itself.
import numpy as np
from dezero import Variable


def rosenbrock(a, b):
    return 100 * (b - a ** 2) ** 2 + (a - 1) ** 2


x0 = Variable(np.array(0.0))
x1 = Variable(np.array(2.0))
learning_rate = 0.001

for step in range(1000):
    y = rosenbrock(x0, x1)
    x0.cleargrad()
    x1.cleargrad()
    y.backward()
    x0.data -= learning_rate * x0.grad.data
    x1.data -= learning_rate * x1.grad.data
    if step % 100 == 0:
        print(step, x0, x1)

print("end:", x0, x1)
