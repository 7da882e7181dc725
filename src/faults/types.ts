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

/** A catalogued fault: a proxy behaviour that breaks one contract rule (and sometimes others with it). */
export interface Fault extends ProxyBehaviour {
  /** The id of the x-contract-rules entry the fault breaks (its basis comes from the spec). */
  breaks: RuleId;
  /** Rules the same broken behaviour also breaks: verify:faults runs their rows too, and a failure of any counts. */
  alsoBreaks?: readonly RuleId[];
}

/** Every rule a fault breaks, its own first: the rows verify:faults runs against it. */
export function rulesBroken(f: Pick<Fault, 'breaks' | 'alsoBreaks'>): RuleId[] {
  return [f.breaks, ...(f.alsoBreaks ?? [])];
}
