// The shape of a fault: one named, realistic way an implementation of the endpoint can break one
// contract rule. A fault sits in the fault proxy between the suite and the real sandbox.
import type { RuleId } from '../openapi/document.js';
import type { ProxyContext, ProxyRequest, ProxyResponse } from './proxy-message.js';

export interface ProxyBehaviour {
  /** kebab-case, unique; what `--fault=NAME` takes. */
  name: string;
  /** One sentence: what this broken implementation does. */
  description: string;
  /** Answers one request, usually by forwarding to the real sandbox (ctx.forward) and bending what goes in or comes out. */
  handle(req: ProxyRequest, ctx: ProxyContext): Promise<ProxyResponse>;
}

/** A catalogued fault: a proxy behaviour that breaks one contract rule. */
export interface Fault extends ProxyBehaviour {
  /** The id of the x-contract-rules entry the fault breaks (its basis comes from the spec). */
  breaks: RuleId;
}
