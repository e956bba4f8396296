package dev.embedlab.tune.adapter;

/** Update rule used by {@link AdapterTrainer}. */
public enum Optimizer {
  /** Plain gradient descent: {@code θ ← θ − lr·g}. */
  SGD,
  /**
   * Adam (Kingma and Ba, ICLR 2015) with bias correction, β1 = 0.9, β2 = 0.999, ε = 1e-8:
   * {@code m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − lr·m̂/(√v̂ + ε)}.
   */
  ADAM
}
