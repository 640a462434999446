import { OiChat } from "@oichat/server-sdk";

const oichat = new OiChat({
  apiKey: process.env.OICHAT_API_KEY!,
  secretKey: process.env.OICHAT_SECRET_KEY!,
  projectId: process.env.OICHAT_PROJECT_ID!,
  baseUrl: process.env.OICHAT_BASE_URL,
});

// #region error-handling
import {
  OiChatApiError,
  OiChatServerError,
  OiChatNetworkError,
} from "@oichat/server-sdk";

try {
  await oichat.rooms.get("nonexistent");
} catch (error) {
  if (error instanceof OiChatApiError) {
    // 4xx: client error (bad request, not found, forbidden)
    console.error(error.statusCode, error.errorCode, error.message);
  } else if (error instanceof OiChatServerError) {
    // 5xx: server error (retries exhausted)
    console.error(error.statusCode, error.message);
  } else if (error instanceof OiChatNetworkError) {
    // Network failure or timeout
    console.error(error.message, error.cause);
  }
}
// #endregion
