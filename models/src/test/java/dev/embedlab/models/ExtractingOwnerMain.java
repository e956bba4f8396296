package dev.embedlab.models;

/**
 * Forked by {@link ClasspathModelTest}: extracts a catalog model from its jar exactly as
 * {@code OnnxEmbedder.builder(model).build()} does before loading it, prints the temporary folder
 * and then waits, so the test can SIGKILL it while the folder exists (a build killed mid-way).
 */
public final class ExtractingOwnerMain {
  private ExtractingOwnerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ClasspathModel.Located files = ClasspathModel.locate(KnownModel.valueOf(args[0]));
    System.out.println(files.tmp());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
