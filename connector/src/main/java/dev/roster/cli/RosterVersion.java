package dev.roster.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar's manifest, so it never drifts from the pom. */
public final class RosterVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = RosterVersion.class.getPackage().getImplementationVersion();
    return new String[] {"roster " + (version == null ? "(development build)" : version)};
  }
}
