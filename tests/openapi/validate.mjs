// Validates an OpenAPI document file with @apidevtools/swagger-parser (schema and semantic checks:
// $refs, duplicate operationIds, path parameters). Usage: node validate.mjs FILE. Exit 1 on error.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs FILE");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  const paths = Object.keys(api.paths || {}).length;
  console.log(`swagger-parser: ${file} is valid OpenAPI ${api.openapi} (${paths} paths)`);
} catch (err) {
  console.error(`swagger-parser: ${file} is invalid: ${err.message}`);
  process.exit(1);
}
