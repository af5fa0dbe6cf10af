// Scenarios: one click sets up a situation that teaches at once, with a sentence or two on what
// to watch. A scenario is page state like any other (it lives in the URL): the main settings, the
// racers (each with what it does differently), and a start θ where the lesson needs one.
import { defaults } from "../state.js";

export const SCENARIOS = [
  { name: "rate-too-large", title: "A learning rate too large",
    text: "Every step jumps past the bottom and lands higher up the other side: w swings from side to side, "
      + "wider each time (the parameter plot), the loss climbs, and the run stops as diverged. Below a rate of 2 "
      + "it settles: lower it and press R.",
    settings: { dataset: "line", model: "linear", loss: "mse", optimizer: "gd", lr: 2.1, speed: 10 } },
  { name: "rate-too-small", title: "A learning rate too small",
    text: "Run 1 (rate 0.001) has barely left its start when run 2 (rate 0.5) is already at the bottom: "
      + "a tiny rate does not make descent safer, only slower.",
    settings: { dataset: "line", model: "linear", loss: "mse", optimizer: "gd", lr: 0.001 },
    race: ["gd:0.5"] },
  { name: "mse-stuck", title: "MSE stuck on a confidently wrong start",
    text: "Both runs start at θ = (−4, −4, 0), sure of the wrong class. Under MSE (run 1) the sigmoid's slope "
      + "a(1 − a) ≈ 0 smothers the gradient and the loss hardly moves; cross-entropy (run 2) has gradient a − y "
      + "and recovers at once. The surface is run 1's MSE; run 2's path on it shows where its θ went.",
    settings: { dataset: "blobs", model: "logistic", loss: "mse", optimizer: "gd", lr: 0.5, start: [-4, -4, 0] },
    race: ["gd:0.5:loss=cross_entropy"] },
  { name: "zigzag", title: "Unscaled features: a long narrow valley",
    text: "x lies between 2 and 4, so w and b pull against each other: run 1 bounces back and forth across a "
      + "narrow valley (w and b swing in the parameter plot) and creeps along it. Run 2 learns the same data "
      + "standardised, a round bowl it crosses in a few steps (show run 2 for its surface; its target is "
      + "standardised too, so compare R², not the loss).",
    settings: { dataset: "far_line", model: "linear", loss: "mse", standardize: false, optimizer: "gd", lr: 0.18,
                start: [0, 0] },
    race: ["gd:0.9:standardize=1"] },
  { name: "sgd-noise", title: "SGD's noise against the full batch",
    text: "Run 1 averages the gradient over every training sample and walks smoothly downhill. Run 2 (SGD) "
      + "steps on one sample at a time: its path jitters and its loss is noisy, though each step costs "
      + "a fraction as much.",
    settings: { dataset: "blobs", model: "logistic", loss: "cross_entropy", optimizer: "gd", lr: 0.3, noise: 1.2 },
    race: ["gd:0.3:batch=1"] },
  { name: "momentum", title: "Momentum overshoots",
    text: "The same narrow valley at the same rate: plain descent (run 1) walks down its side; momentum "
      + "(run 2, μ = 0.9) gathers speed, flies past the valley floor and swings back and forth before it "
      + "settles (show run 2: its w overshoots 1.5 in the parameter plot).",
    settings: { dataset: "far_line", model: "linear", loss: "mse", standardize: false, optimizer: "gd", lr: 0.05,
                momentum: 0.9, start: [0, 0] },
    race: ["momentum:0.05"] },
  { name: "circles", title: "Data that needs a non-linearity",
    text: "No straight line separates a disc from the ring around it: logistic regression (run 1) stays near "
      + "50% accuracy. A network with one tanh hidden layer (run 2) bends its boundary round the disc "
      + "(show run 2 to see its decision map).",
    settings: { dataset: "circles", model: "logistic", loss: "cross_entropy", optimizer: "gd", lr: 0.5 },
    race: ["adam:0.03:model=mlp"] },
  { name: "vanishing", title: "Vanishing gradients in a deep sigmoid network",
    text: "Four sigmoid hidden layers: each passes back at most ¼ of the gradient it gets (σ′ ≤ ¼), so the "
      + "first layer's gradient starts about 100 times smaller than the output layer's (the per-layer plot) "
      + "and the loss sits near 0.69, a coin toss. Switch the activation to tanh or ReLU and compare.",
    settings: { dataset: "moons", model: "mlp", layers: 4, hidden: 8, hidden2: 8, hidden3: 8, hidden4: 8,
                activation: "sigmoid", optimizer: "gd", lr: 0.5 } },
];

export const scenario = (name) => SCENARIOS.find((s) => s.name === name) || null;

// The page's state as the scenario sets it: everything else back to its default, except how the
// user likes to look at it (3-D, the log axis, the surface's directions).
export function applyScenario(state, name) {
  const chosen = scenario(name);
  if (!chosen) return false;
  const keep = { view3d: state.view3d, logy: state.logy, surface: state.surface };
  Object.assign(state, defaults(), keep, chosen.settings, { race: [...(chosen.race || [])], scenario: name });
  return true;
}
