// Step 4's reviews outlive the step's component, which is made again when the
// language changes: the plans reviewed are read again in the new language, and
// a confirmation of their warnings holds while the warnings stay the same
// (the signature of the plan's gate, PlanView.gate). Kept for the session only: a new start reviews again.
export const reviews = $state<Record<string, { confirmed: string | null }>>({});
