package dev.embedlab.eval.compression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accepts a codec only if it keeps at least {@code minRetained} of float32's nDCG@k (with or without
 * rescoring, as deployed); otherwise the reasons say by how much it missed and the caller keeps the
 * float32 vectors. The judgement-free counterpart is {@code dev.embedlab.compress.QualityGate}.
 *
 * @param minRetained minimum {@code nDCG(codec)/nDCG(float32)}, in (0, 1]
 * @param rescored judge the rescored ranking instead of codec scores alone
 */
public record RetrievalGate(double minRetained, boolean rescored) {
  /** Validates the threshold. */
  public RetrievalGate {
    if (!(minRetained > 0 && minRetained <= 1)) {
      throw new IllegalArgumentException("minRetained must be in (0, 1]; minRetained=" + minRetained);
    }
  }

  /** Empty when accepted; otherwise one reason per failed check. */
  public List<String> reasons(RetrievalRetention r) {
    List<String> out = new ArrayList<>();
    double v = rescored ? r.retainedRescored() : r.retained();
    if (v < minRetained) {
      out.add(String.format(Locale.ROOT, "%s keeps %.4f of float32 nDCG@%d%s (< %.4f); keep float32",
          r.codec(), v, r.k(), rescored ? " with ×" + r.oversampling() + " rescoring" : "", minRetained));
    }
    return out;
  }

  /** Whether {@code r} passes. */
  public boolean accepts(RetrievalRetention r) {
    return reasons(r).isEmpty();
  }
}
