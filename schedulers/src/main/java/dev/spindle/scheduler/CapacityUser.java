package dev.spindle.scheduler;

/** One user's books in one Capacity leaf queue: usage, AM usage and application counts. */
final class CapacityUser {

  final String name;
  ResourceVector used = ResourceVector.ZERO;
  ResourceVector amUsed = ResourceVector.ZERO;
  int applications;
  /** Applications of this user with pending asks; the user is "active" while above zero. */
  int wantingApplications;

  CapacityUser(String name) {
    this.name = name;
  }
}
