// The store's seven publishing steps, in order: generated from the core's `Step::ALL`.
export { STEPS } from "./bindings";
