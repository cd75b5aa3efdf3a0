package dev.roster.registry.server;

/** An answer other than success, with Confluent's HTTP status and error code. */
final class ApiError extends RuntimeException {

  final int status;
  final int errorCode;

  private ApiError(int status, int errorCode, String message) {
    super(message, null, false, false);
    this.status = status;
    this.errorCode = errorCode;
  }

  static ApiError subjectNotFound(String subject) {
    return new ApiError(404, 40401, "Subject '" + subject + "' not found.");
  }

  static ApiError versionNotFound(String subject, String version) {
    return new ApiError(
        404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
  }

  static ApiError schemaNotFound(String what) {
    return new ApiError(404, 40403, "Schema " + what + " not found.");
  }

  static ApiError subjectLevelNotConfigured(String subject) {
    return new ApiError(
        404,
        40408,
        "Subject '" + subject + "' does not have subject-level compatibility configured");
  }

  static ApiError notFound(String path) {
    return new ApiError(404, 404, "HTTP 404 Not Found: " + path);
  }

  static ApiError methodNotAllowed(String method, String path) {
    return new ApiError(405, 405, "HTTP 405 Method Not Allowed: " + method + " " + path);
  }

  static ApiError incompatible(String message) {
    return new ApiError(409, 409, message);
  }

  static ApiError invalidSchema(String message) {
    return new ApiError(422, 42201, message);
  }

  static ApiError invalidVersion(String version) {
    return new ApiError(
        422,
        42202,
        "The specified version '"
            + version
            + "' is not a valid version id. "
            + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
  }

  static ApiError invalidCompatibilityLevel(String level) {
    return new ApiError(
        422,
        42203,
        "Invalid compatibility level. Valid values are none, backward, forward, full, "
            + "backward_transitive, forward_transitive, and full_transitive; got '"
            + level
            + "'");
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, 400, message);
  }

  static ApiError storeError(String message) {
    return new ApiError(500, 50001, message);
  }
}
