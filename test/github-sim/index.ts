/**
 * A local api.github.com for tests, the demo and the benchmark. See simulator.ts.
 *
 *   const sim = await GitHubSimulator.start({ owner: 'acme', repo: 'widgets', defaultBranch: 'main' });
 *   // GITHUB_API_URL=sim.url, token sim.token
 *   await sim.stop();
 */
export {
  GitHubSimulator,
  type StartOptions,
  type WorkflowOptions,
  type WorkflowInputSpec,
  type SimWorkflowInfo,
  type IssueOptions,
  type SimIssue,
  type SimComment,
  type SimLabel,
  type SimRunInfo,
  type SimDispatch,
  type CallRecord,
  type FaultMatch,
  type FaultSpec,
  type FaultHandle,
  type DispatchMode,
  type AuthorAssociation,
  type Mismatch,
} from './simulator.js';
export { OpenApi } from './openapi.js';
export { hashObject } from './git-store.js';
export { restClient, throttledClient, quietLog, type ThrottledClientOptions } from './clients.js';
