package dev.spindle.scheduler;

/**
 * Told about every charge and credit after the node and application books have changed, so a
 * policy can keep its own books (queue, user and AM usage) in step with the core's.
 */
interface UsageListener {

  void charged(AppState app, Allocation allocation);

  void credited(AppState app, Allocation allocation);

  /**
   * Charges a live allocation again after its application moved (queue or priority):
   * {@code am} says whether it is the application's AM container.
   */
  default void recharged(AppState app, Allocation allocation, boolean am) {
    charged(app, allocation);
  }

  UsageListener NONE = new UsageListener() {
    @Override
    public void charged(AppState app, Allocation allocation) {}

    @Override
    public void credited(AppState app, Allocation allocation) {}
  };
}
