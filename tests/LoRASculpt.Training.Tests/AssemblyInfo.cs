// Torch's thread pool and default generator are process-wide: tests that set them or compare runs
// bitwise (checkpoint resume) must not race other tests in the same process.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
