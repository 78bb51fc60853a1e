# A softmax classifier on integer labels, trained by gradient descent, with the gradient worked
# out by hand as CS231n writes it and compared with backward's every step. DeZero's spelling
# (this file also runs with DeZero).
import numpy as np
from dezero import Variable, no_grad
import dezero.functions as F

np.random.seed(1)
N, D, C = 6, 3, 3
X = np.random.randn(N, D)
labels = np.array([0, 2, 1, 1, 0, 2])
W = Variable(0.1 * np.random.randn(D, C))
b = Variable(np.zeros(C))

lr = 0.5
for step in range(60):
    scores = F.linear(X, W, b)
    loss = F.softmax_cross_entropy(scores, labels)
    W.cleargrad()
    b.cleargrad()
    loss.backward()

    # The gradient by hand: softmax, minus one at each label, averaged over the rows.
    with no_grad():
        shifted = scores.data - np.max(scores.data, axis=1, keepdims=True)
        probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
        dscores = probs.copy()
        dscores[range(N), labels] -= 1
        dscores /= N
        dW = np.dot(X.T, dscores)
        db = np.sum(dscores, axis=0)
        gap = np.max(np.abs(dW - W.grad.data)) + np.max(np.abs(db - b.grad.data))

    W.data -= lr * W.grad.data
    b.data -= lr * b.grad.data
    if step % 10 == 0:
        accuracy = np.mean(np.argmax(scores.data, axis=1) == labels)
        print(step, loss, accuracy, gap < 1e-12)
