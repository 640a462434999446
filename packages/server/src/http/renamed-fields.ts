/**
 * Body fields a client may send under another name than the API's (an old name, or the one a
 * sibling API uses), refused with an error that names the right field instead of a bare
 * "not a known field". One name per concept: the other is never accepted as an alias.
 */
import type { FastifyRequest } from 'fastify';
import { validationFailed } from '../errors/app-error.js';

/** A preValidation hook refusing a body that has any of the wrong names (`{ wrong: 'right' }`). */
export function refuseRenamedFields(renamed: Readonly<Record<string, string>>) {
  return async (request: FastifyRequest): Promise<void> => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const details = Object.entries(renamed)
      .filter(([wrong]) => Object.hasOwn(body, wrong))
      .map(([wrong, right]) => ({
        field: wrong,
        rule: 'additionalProperties',
        message: `is not a known field; the field is ${right}`,
      }));
    if (details.length > 0) throw validationFailed(details);
  };
}
