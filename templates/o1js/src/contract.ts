// The zkApp: stores the model commitment, accepts the final chunk proof,
// checks that it is a proof of this model, and records the verified output.
import { Field, SmartContract, State, Struct, method, state } from 'o1js';
import { FinalProof, MODEL, PARAMS } from './model.js';

export class Verified extends Struct({ input: Field, output: Field, label: Field }) {}

export class ModelContract extends SmartContract {
  /** Commitment to the model (a hash of the quantized program). */
  @state(Field) model = State<Field>();
  /** Commitment to the input of the last verified inference. */
  @state(Field) input = State<Field>();
  /** Poseidon hash of the last verified output vector. */
  @state(Field) output = State<Field>();
  /** Class index of the last verified output (0 for non-classifiers). */
  @state(Field) label = State<Field>();
  /** Number of verified inferences. */
  @state(Field) count = State<Field>();
  /** Commitment to the weights when they are private witnesses (0 for circuit constants). */
  @state(Field) params = State<Field>();

  events = { verified: Verified };

  init() {
    super.init();
    this.model.set(MODEL);
    this.params.set(PARAMS);
  }

  /**
   * Verifies a proof of this model (its verification key is fixed in this
   * circuit) whose public output matches the claimed output hash and label.
   */
  @method async submit(proof: FinalProof, outputHash: Field, label: Field) {
    proof.verify();
    const model = this.model.getAndRequireEquals();
    proof.publicOutput.model.assertEquals(model, 'proof is for another model');
    const params = this.params.getAndRequireEquals();
    proof.publicOutput.params.assertEquals(params, 'proof uses other weights');
    proof.publicOutput.acts.assertEquals(outputHash, 'output hash mismatch');
    proof.publicOutput.label.assertEquals(label, 'label mismatch');
    const count = this.count.getAndRequireEquals();
    this.input.set(proof.publicOutput.input);
    this.output.set(outputHash);
    this.label.set(label);
    this.count.set(count.add(1));
    this.emitEvent('verified', new Verified({ input: proof.publicOutput.input, output: outputHash, label }));
  }
}
