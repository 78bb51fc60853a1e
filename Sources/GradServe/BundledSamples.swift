// Written by scripts/update-bundled from samples/; do not edit.

/// The repository's samples, for the playground's menu (`GET /api/samples`).
enum BundledSamples {
    static let all: [(name: String, source: String)] = [
        (
            "add",
            ####"""
            # Add: z = x + y. The gradient reaching the node, ∂L/∂z = 5, flows back to both inputs
            # unchanged, because ∂z/∂x = ∂z/∂y = 1.
            title "Add: z = x + y"
            x = 2
            y = 3
            z = x + y
            backward z, 5
            """####
        ),
        (
            "article-repeat",
            ####"""
            import numpy as np
            D, N = 8, 7
            x = np.random.randn(1,D)
            y = np.repeat(x, N, axis=0) # axis=0 沿着行的方向复制N份,变成了(N,D)
            # 上面是正向传播
            # 下面是梯度
            dy = np.random.randn(N,D) # y的梯度一定和y的维度保持一致
            dx = np.sum(dy, axis=0, keepdims=True) # 同理,x的梯度也和x保持一致,这里变成了(1,D)
            backward y, dy
            """####
        ),
        (
            "article-sum",
            ####"""
            D, N = 8, 7
            # 正向传播
            x = np.random.randn(N, D)
            y = np.sum(x, axis=0, keepdims=True) # 变成了(1,D)
            # 反向传播
            dy = np.random.randn(1, D) # 维度和y保持一致
            dx = np.repeat(dy, N, axis=0) # 复制成了(N,D)
            backward y, dy
            """####
        ),
        (
            "branch",
            ####"""
            # Branch: x is used twice (by × and by +). It leaves through a branch point; each use sends
            # back its own gradient (3 through ×, 1 through +) and x receives their sum, 3 + 1 = 4.
            title "Branch: z = x × y + x"
            x = 2
            y = 3
            z = x * y + x
            backward z
            """####
        ),
        (
            "broadcast",
            ####"""
            # Broadcasting: in x @ W + b, b (2,) is copied to every row of the (3, 2) product. The figure
            # draws the copy as its own step, as the article explains: a Repeat whose backward is a Sum,
            # so ∂L/∂b is the upstream gradient summed over the rows. (--broadcast hide folds it away.)
            title "Broadcast: y = x W + b"
            seed 0
            x = randn(3, 2)
            W = randn(2, 2)
            b = [0.5, -0.5]
            y = x @ W + b
            backward y
            """####
        ),
        (
            "div",
            ####"""
            # Div: z = x / y. ∂L/∂x = g / y = 1.5 / 3 = 0.5 and ∂L/∂y = −g · x / y² = −1.5 · 6 / 9 = −1.
            # ① is the numerator, ② the denominator.
            title "Div: z = x ÷ y"
            x = 6
            y = 3
            z = x / y
            backward z, 1.5
            """####
        ),
        (
            "exp",
            ####"""
            # Exp: y = eˣ. ∂L/∂x = g · eˣ = g · y: the backward reuses the forward's output (2 · e ≈ 5.437).
            title "Exp: y = eˣ"
            x = 1
            y = exp(x)
            backward y, 2
            """####
        ),
        (
            "indexing",
            ####"""
            # Indexing picks elements; its backward adds the gradient back into the places it picked and
            # leaves zeros elsewhere. Row 0 is picked twice by x[[0, 2, 0]], so it receives the sum of both
            # gradients (np.add.at); x[:, 1] picks a column.
            title "Indexing: y = Σ x[[0, 2, 0]] · w + Σ x[:, 1]"
            x = np.arange(6).reshape(3, 2) / 2
            w = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
            rows = x[[0, 2, 0]]
            col = x[:, 1]
            y = np.sum(rows * w) + col.sum()
            backward y
            """####
        ),
        (
            "lessons/broadcast-error",
            ####"""
            # Broadcasting lines shapes up from the right: (2, 3) and (4,) meet 3 against 4, which neither
            # equal nor 1, so NumPy refuses. Render with --draw-errors to see where the computation stopped.
            title "Broadcasting (2, 3) with (4,)"
            x = [[1, 2, 3], [4, 5, 6]]
            y = [1, 2, 3, 4]
            z = x + y
            backward z
            """####
        ),
        (
            "lessons/relu-kink",
            ####"""
            # The kink: relu′(0) is 0 by definition, but finite differences see the average of the slopes
            # on either side, (1 + 0) / 2 = 0.5. Render with --check to see the two disagree.
            title "ReLU's kink: relu′(0) = 0, finite differences 0.5"
            x = 0
            y = relu(x)
            backward y
            """####
        ),
        (
            "log",
            ####"""
            # Log: y = ln x. ∂L/∂x = g / x = 3 / 2 = 1.5.
            title "Log: y = log x"
            x = 2
            y = log(x)
            backward y, 3
            """####
        ),
        (
            "matmul",
            ####"""
            # MatMul: y = x W with x (N, D), W (D, H), y (N, H). The gradients are g Wᵀ for x and xᵀ g for
            # W: each has its input's shape, which is why the transposes appear. ① is x, ② is W.
            title "MatMul: y = x W"
            seed 0
            x = randn(2, 3)
            W = randn(3, 4)
            y = x @ W
            dy = randn(2, 4)
            backward y, dy
            """####
        ),
        (
            "mlp",
            ####"""
            # micrograd's MLP(3, [4, 4, 1]) on one input: three tanh layers and a squared error, as in
            # "The spelled-out intro to neural networks and backpropagation". Weights are uniform in
            # [-1, 1), as micrograd draws them. Too big for one slide as it is: try
            # `--collapse statements`, `--style nodes` or `--focus h2`.
            title "MLP(3, [4, 4, 1]) on one input, squared error"
            seed 0
            x = [2.0, 3.0, -1.0]
            W1 = rand(3, 4) * 2 - 1
            b1 = rand(4) * 2 - 1
            h1 = np.tanh(x @ W1 + b1)
            W2 = rand(4, 4) * 2 - 1
            b2 = rand(4) * 2 - 1
            h2 = np.tanh(h1 @ W2 + b2)
            W3 = rand(4, 1) * 2 - 1
            b3 = rand(1) * 2 - 1
            y = np.tanh(h2 @ W3 + b3)
            L = np.sum((y - 1.0) ** 2)
            backward L
            """####
        ),
        (
            "mul",
            ####"""
            # Mul: z = x · y. Each input receives the upstream gradient times the other input:
            # ∂L/∂x = 5 · y = 15, ∂L/∂y = 5 · x = 10.
            title "Mul: z = x × y"
            x = 2
            y = 3
            z = x * y
            backward z, 5
            """####
        ),
        (
            "neg",
            ####"""
            # Neg: y = −x. ∂L/∂x = −g = −3.
            title "Neg: y = −x"
            x = 4
            y = -x
            backward y, 3
            """####
        ),
        (
            "neuron",
            ####"""
            # micrograd's neuron (Karpathy's "spelled-out intro to backpropagation"): two inputs, two
            # weights, a bias chosen so that n = 0.8814, and a tanh. The gradient of o reaches every input:
            # ∂o/∂n = 1 − o² = 0.5, then ∂o/∂x1 = w1 · 0.5 = −1.5 and ∂o/∂w1 = x1 · 0.5 = 1, while x2 = 0 gives
            # w2 no gradient at all.
            title "micrograd's neuron: o = tanh(x1·w1 + x2·w2 + b)"
            precision 4
            x1 = 2.0; x2 = 0.0
            w1 = -3.0; w2 = 1.0
            b = 6.8813735870195432
            x1w1 = x1*w1; x2w2 = x2*w2
            x1w1x2w2 = x1w1 + x2w2
            n = x1w1x2w2 + b
            o = n.tanh()
            o.backward()
            """####
        ),
        (
            "pow",
            ####"""
            # Pow: y = x^c with a constant c (here 2, drawn x²). ∂L/∂x = g · c · x^(c−1) = 2 · 2 · 3 = 12.
            title "Pow: y = x²"
            x = 3
            y = x ** 2
            backward y, 2
            """####
        ),
        (
            "relu",
            ####"""
            # ReLU passes the gradient where its input was positive and stops it elsewhere: the hidden units
            # with h ≤ 0 send nothing back to W or b (relu′(0) = 0 by definition).
            title "ReLU layer: L = Σ relu(x W + b)"
            x = [[1.0, -2.0]]
            W = [[0.5, -1.0, 1.0],
                 [0.25, 0.5, -0.5]]
            b = [0.5, 1.5, -3.0]
            h = (x @ W + b).relu()
            L = h.sum()
            backward L
            """####
        ),
        (
            "repeat",
            ####"""
            # Repeat: y = np.repeat(x, N, axis=0) copies a (1, D) row N times: (1, D) → (N, D), with the
            # article's D, N = 8, 7. Repeat is N branches, so the gradient of x is the sum of the N rows of
            # the upstream gradient: np.sum(dy, axis=0, keepdims=True), shape (1, D) again.
            title "Repeat: (1, 8) → (7, 8)"
            seed 0
            x = randn(1, 8)
            y = repeat(x, 7, axis=0)
            dy = randn(7, 8)
            backward y, dy
            """####
        ),
        (
            "softmax",
            ####"""
            # Softmax with a cross-entropy loss, written out as the next chapters do:
            # L = −mean over the rows of Σ t · log_softmax(z). The gradient that reaches the scores is
            # (softmax(z) − t) / N: the predicted probabilities minus the targets, for every row.
            title "Softmax cross-entropy: L = −mean(Σ t · log softmax(x W))"
            import numpy as np
            np.random.seed(0)
            x = np.random.randn(2, 3)
            W = np.random.randn(3, 4)
            z = x @ W
            t = constant([[1, 0, 0, 0], [0, 0, 1, 0]])
            L = -np.mean(np.sum(t * log_softmax(z), axis=1))
            L.backward()
            """####
        ),
        (
            "sub",
            ####"""
            # Sub: z = x − y. x receives the upstream gradient as it is, y receives it negated
            # (∂z/∂y = −1). ① marks the left operand, ② the right.
            title "Sub: z = x − y"
            x = 5
            y = 3
            z = x - y
            backward z, 2
            """####
        ),
        (
            "sum",
            ####"""
            # Sum: y = np.sum(x, axis=0, keepdims=True) adds the N rows: (N, D) → (1, D), D, N = 8, 7.
            # It is Repeat's mirror: every row of x receives the same gradient, the upstream row copied
            # N times (np.repeat(dy, N, axis=0)).
            title "Sum: (7, 8) → (1, 8)"
            seed 0
            x = randn(7, 8)
            y = sum(x, axis=0, keepdims=true)
            dy = randn(1, 8)
            backward y, dy
            """####
        ),
        (
            "train/forgotten-cleargrad",
            ####"""
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
            """####
        ),
        (
            "train/learning-rate-too-large",
            ####"""
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
            """####
        ),
        (
            "train/linear-regression",
            ####"""
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
            """####
        ),
        (
            "train/momentum",
            ####"""
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
            """####
        ),
        (
            "train/rosenbrock",
            ####"""
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
            """####
        ),
        (
            "train/sgd",
            ####"""
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
            """####
        ),
        (
            "train/sine-network",
            ####"""
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
            """####
        ),
        (
            "train/softmax-classifier",
            ####"""
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
            """####
        ),
        (
            "two-layer",
            ####"""
            # A two-layer network with a squared-error loss: every parameter's gradient, and the path it
            # takes back from L. The hidden layer is a sigmoid written with exp; the targets are a constant.
            title "Two-layer network: L = mean((σ(x W₁ + b₁) W₂ + b₂ − t)²)"
            seed 0
            x = randn(2, 3)
            W1 = randn(3, 3)
            b1 = zeros(3)
            h = 1 / (1 + exp(-(x @ W1 + b1)))
            W2 = randn(3, 1)
            b2 = zeros(1)
            y = h @ W2 + b2
            L = mean((y - [[1], [0]]) ** 2)
            backward L
            """####
        ),
    ]
}
