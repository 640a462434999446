/** `oichat projects create|list`. */
import type { CliFlags } from './flags.js';
import { withServices } from './open-services.js';
import { UsageError } from './usage-error.js';

export async function projectsCreate(flags: CliFlags): Promise<number> {
  const name = flags.name?.trim();
  if (!name) throw new UsageError('projects create needs --name NAME.');
  if (name.length > 200) throw new UsageError('--name must be at most 200 characters.');
  const created = await withServices(flags.database, (s) => s.projects.create(name));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(created)}\n`);
  } else {
    console.log(`Created project "${name}". The secret key is shown only now: store it safely.
  project id: ${created.project_id}
  api key:    ${created.api_key}
  secret key: ${created.secret_key}`);
  }
  return 0;
}

export async function projectsList(flags: CliFlags): Promise<number> {
  const projects = await withServices(flags.database, (s) => s.projects.list());
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(projects)}\n`);
    return 0;
  }
  if (projects.length === 0) console.log('No projects. Create one with: oichat projects create --name NAME');
  for (const p of projects) {
    console.log(`${p.project_id}  ${p.name}  (created ${p.created_at})`);
    for (const k of p.api_keys)
      console.log(`    ${k.api_key}${k.expires_at ? `  expires ${k.expires_at}` : '  current'}`);
  }
  return 0;
}
