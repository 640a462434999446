// #region configuration
import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!, // Required: "ak_live_…"
  secretKey: process.env.OICHAT_SECRET_KEY!, // Required: "sk_…" (signs requests; never sent)
  projectId: process.env.OICHAT_PROJECT_ID!, // Required: "proj_…"
  baseUrl: process.env.OICHAT_BASE_URL ?? "https://api.oichatapi.com", // Optional (default)
  timeout: 10000, // Optional: request timeout in ms, per attempt (default: 10000)
  maxRetries: 2, // Optional: retry count for 5xx/network errors (default: 2)
});
// #endregion

// #region request-options
// Every call takes request options as its last argument.
const controller = new AbortController();
const rooms = await oichat.rooms.list(
  { user_id: "user-1" },
  {
    timeout: 3000, // this call only: per-attempt timeout in ms
    maxRetries: 0, // this call only: no retries
    signal: controller.signal, // controller.abort() cancels at once, retry waits included
  },
);
// #endregion

export { oichat, rooms };
