package dev.embedlab.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The contract can fail: each broken embedder below breaks one clause, and the matching test of
 * {@link BaseEmbedderTestCase} fails on it.
 */
class BaseEmbedderTestCaseSelfTest {

  /** A wrapper around a counting model that lets a subclass break one thing. */
  private static class Broken implements Embedder, UsageReporting {
    final CountingTestEmbedder inner = new CountingTestEmbedder("inner", 8, 1);

    @Override
    public float[][] embed(List<String> texts, Role role) {
      return inner.embed(texts, role);
    }

    @Override
    public int dimension() {
      return inner.dimension();
    }

    @Override
    public String id() {
      return "broken";
    }

    @Override
    public Usage usage() {
      return inner.usage();
    }

    @Override
    public void resetUsage() {
      inner.resetUsage();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static BaseEmbedderTestCase contractOn(java.util.function.Supplier<Embedder> e) {
    return new BaseEmbedderTestCase() {
      @Override
      protected Embedder newEmbedder() {
        return e.get();
      }
    };
  }

  @Test
  void reversedOutputFailsTheOrderClause() {
    BaseEmbedderTestCase c = contractOn(() -> new Broken() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = super.embed(texts, role);
        java.util.Collections.reverse(java.util.Arrays.asList(v));
        return v;
      }
    });
    assertThrows(AssertionFailedError.class, c::oneVectorPerTextInOrderOfTheDimension);
  }

  @Test
  void aDimensionThatEmbedsFailsTheNoHiddenInferenceClause() {
    BaseEmbedderTestCase c = contractOn(() -> new Broken() {
      @Override
      public int dimension() {
        return inner.embed(List.of("probe"), Role.DOCUMENT)[0].length;
      }
    });
    assertThrows(AssertionFailedError.class, c::idAndDimensionDoNotRunTheModel);
  }

  @Test
  void aCloseThatDoesNothingFailsTheLifecycleClause() {
    BaseEmbedderTestCase c = contractOn(() -> new Broken() {
      @Override
      public void close() {}
    });
    assertThrows(AssertionFailedError.class, c::closeIsIdempotentAndUseAfterCloseIsIllegalState);
  }

  @Test
  void aBatchDependentVectorFailsTheSameTextClause() {
    BaseEmbedderTestCase c = contractOn(() -> new Broken() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = super.embed(texts, role);
        for (float[] r : v) {
          r[0] += texts.size() * 1e-3f; // depends on the batch size
        }
        return v;
      }
    });
    assertThrows(AssertionFailedError.class, c::sameTextSameVectorInABatchAcrossCallsAndAlone);
  }

  @Test
  void aMissingDescriptionFailsTheProvenanceClause() {
    assertThrows(AssertionFailedError.class, contractOn(Broken::new)::describesItselfWithoutRunningTheModel);
  }

  @Test
  void anUncheckedNullFailsTheArgumentClause() {
    BaseEmbedderTestCase c = contractOn(() -> new Broken() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        if (texts == null || role == null) {
          throw new IllegalArgumentException("texts and role must not be null");
        }
        for (int i = 0; i < texts.size(); i++) {
          if (texts.get(i) == null) {
            throw new IllegalArgumentException("a text is null"); // no index named
          }
        }
        return super.embed(texts, role);
      }
    });
    assertThrows(AssertionFailedError.class, c::nullListRoleAndElementAreRefusedNamingTheIndex);
  }
}
