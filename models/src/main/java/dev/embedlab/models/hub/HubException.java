package dev.embedlab.models.hub;

import java.io.IOException;

/**
 * A Hub model that cannot be had: its message names the repo, revision and file and says what to
 * do; {@link #kind()} says which case it is, so callers can react without parsing text. Messages
 * never contain the access token.
 */
public final class HubException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** 401/403 on a gated repo: access must be requested on the model page, then HF_TOKEN set. */
    GATED,
    /** 401/403 otherwise: the token is missing, invalid or lacks access (private repo). */
    UNAUTHORIZED,
    /** 404 (or anonymous 401 with {@code X-Error-Code: RepoNotFound}): no such repo. */
    REPO_NOT_FOUND,
    /** No such branch, tag or commit in the repo. */
    REVISION_NOT_FOUND,
    /** No such file at that revision. */
    FILE_NOT_FOUND,
    /** The repo ships no ONNX export (or not the one asked for). */
    NO_ONNX,
    /** HF_HUB_OFFLINE is set (or the Hub is unreachable) and the cache lacks what is needed. */
    NOT_CACHED,
    /** Downloaded bytes do not match the Hub's checksum or size. */
    CHECKSUM,
    /** 429 or 5xx answers (or broken bodies) after every retry. */
    UNAVAILABLE,
    /** Any other answer the Hub should not give. */
    PROTOCOL
  }

  private final Kind kind;

  /** An exception of {@code kind} with {@code message}. */
  public HubException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** An exception of {@code kind} with {@code message} and {@code cause}. */
  public HubException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Which failure this is. */
  public Kind kind() {
    return kind;
  }
}
