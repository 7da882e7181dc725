// The sandbox's documented fixtures that some faults need to tell cases apart (contract decisions,
// "The embedded sandbox's fixtures"). Kept here so faults never reach into the sandbox's internals.
export const SANDBOX_METHOD = 'payment';
