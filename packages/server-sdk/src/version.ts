// Kept in step with package.json by a test; sent in the User-Agent so server logs tell SDK versions apart.
export const VERSION = '0.1.1';
