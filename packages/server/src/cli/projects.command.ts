/** `oichat projects create|list`. Each names the database it opened, in human and JSON output. */
import type { CliFlags } from './flags.js';
import { databaseLine, withServices } from './open-services.js';
import { UsageError } from './usage-error.js';

export async function projectsCreate(flags: CliFlags): Promise<number> {
  const name = flags.name?.trim();
  if (!name) throw new UsageError('projects create needs --name NAME.');
  if (name.length > 200) throw new UsageError('--name must be at most 200 characters.');
  const { created, opened } = await withServices(flags.database, async (s, opened) => ({
    created: await s.projects.create(name),
    opened,
  }));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...created, database: opened.database })}\n`);
  } else {
    console.log(`Created project "${name}". The secret key is shown only now: store it safely.
  project id: ${created.project_id}
  api key:    ${created.api_key}
  secret key: ${created.secret_key}
  ${databaseLine(opened)}
A server started on another database does not know this project: start it with --database ${opened.database}.`);
  }
  return 0;
}

export async function projectsList(flags: CliFlags): Promise<number> {
  const { projects, opened } = await withServices(flags.database, async (s, opened) => ({
    projects: await s.projects.list(),
    opened,
  }));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ database: opened.database, data: projects })}\n`);
    return 0;
  }
  console.log(databaseLine(opened));
  if (projects.length === 0) console.log('No projects. Create one with: oichat projects create --name NAME');
  for (const p of projects) {
    console.log(`${p.project_id}  ${p.name}  (created ${p.created_at})`);
    for (const k of p.api_keys)
      console.log(`    ${k.api_key}${k.expires_at ? `  expires ${k.expires_at}` : '  current'}`);
  }
  return 0;
}
