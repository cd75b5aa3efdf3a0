package dev.roster.sim;

/** A request the simulator refuses as invalid (bad limit, foreign cursor, broken query): 400. */
final class SimBadRequest extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SimBadRequest(String message) {
    super(message, null, false, false);
  }
}
