// gatehouse.yaml's JSON Schema, generated from the zod definition that validates it, for editors
// (`# yaml-language-server: $schema=gatehouse.schema.json`). It describes what may be written: defaults
// and descriptions included, values as written (e.g. "30s"), not as parsed.
import { z } from 'zod';
import { gatewayConfigSchema } from './gatewayConfig.ts';

export function gatewayConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(gatewayConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'gatehouse.yaml',
    description: 'Configuration of the Gatehouse GraphQL federation gateway.',
  };
}
