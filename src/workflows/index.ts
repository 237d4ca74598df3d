export * from './types.js';
export { parseWorkflowText, type ParsedWorkflow } from './parse.js';
export { WorkflowLoader, WORKFLOWS_DIR, type WorkflowLookup } from './loader.js';
export {
  checkDispatchInputs,
  inputsPayloadLength,
  type CheckedInputs,
  type InputPositions,
  type InputsWhere,
} from './inputs.js';
