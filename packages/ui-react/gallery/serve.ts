/** `npm run gallery -w @oichat/ui-react`: serves the gallery until Ctrl+C (port: --port N or GALLERY_PORT, default 4400). */
import { startGallery } from './site.ts';

const flag = process.argv.indexOf('--port');
const port = Number(flag > 0 ? process.argv[flag + 1] : (process.env.GALLERY_PORT ?? 4400));
console.log('gallery: starting the server and writing the sample data (10 000 messages)…');
const gallery = await startGallery({ port });
console.log(`gallery: open ${gallery.url}  (API at ${gallery.apiUrl})`);
console.log('         ?theme=dark  ?locale=ko  ?view=components  ?room=long  ?user=alex');
const stop = async () => {
  await gallery.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
