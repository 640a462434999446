// oichat.webhooks: endpoints that receive the project's events, their delivery log, re-sending,
// and verifying a delivery that reached your server.

import { verifyWebhook } from '../core/webhook-verify.js';
import { APIResource, pathParam } from './resource.js';
import type {
  CreateWebhookParams,
  CreatedWebhookEndpoint,
  CursorPage,
  ListWebhookAttemptsParams,
  RequestOptions,
  ResendWebhookResponse,
  RotateWebhookSecretResponse,
  UpdateWebhookParams,
  VerifyWebhookOptions,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookEvent,
  WebhookHeaders,
} from '../types.js';

export class Webhooks extends APIResource {
  /** Registers an endpoint; the result's `secret` is shown only now. `POST /v1/webhooks`. */
  async create(params: CreateWebhookParams, options?: RequestOptions): Promise<CreatedWebhookEndpoint> {
    return this._transport.request({ method: 'POST', path: '/v1/webhooks', body: params, options });
  }

  /** Every endpoint of the project. `GET /v1/webhooks`. */
  async list(options?: RequestOptions): Promise<{ data: WebhookEndpoint[] }> {
    return this._transport.request({ method: 'GET', path: '/v1/webhooks', options });
  }

  async get(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this._transport.request({
      method: 'GET',
      path: `/v1/webhooks/${pathParam('endpointId', endpointId)}`,
      options,
    });
  }

  /** Changes url, description, event types, or enables/disables. `PATCH /v1/webhooks/{id}`. */
  async update(endpointId: string, params: UpdateWebhookParams, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this._transport.request({
      method: 'PATCH',
      path: `/v1/webhooks/${pathParam('endpointId', endpointId)}`,
      body: params,
      options,
    });
  }

  /** Deletes the endpoint and drops its pending deliveries. */
  async delete(endpointId: string, options?: RequestOptions): Promise<void> {
    await this._transport.request({
      method: 'DELETE',
      path: `/v1/webhooks/${pathParam('endpointId', endpointId)}`,
      options,
    });
  }

  /** A new signing secret; for 24 hours deliveries carry signatures with both. */
  async rotateSecret(endpointId: string, options?: RequestOptions): Promise<RotateWebhookSecretResponse> {
    return this._transport.request({
      method: 'POST',
      path: `/v1/webhooks/${pathParam('endpointId', endpointId)}/rotate-secret`,
      options,
    });
  }

  /** Delivery attempts, newest first. */
  async attempts(
    endpointId: string,
    params: ListWebhookAttemptsParams = {},
    options?: RequestOptions,
  ): Promise<CursorPage<WebhookAttempt>> {
    return this._transport.request({
      method: 'GET',
      path: `/v1/webhooks/${pathParam('endpointId', endpointId)}/attempts`,
      query: { limit: params.limit, cursor: params.cursor },
      options,
    });
  }

  /** Delivers an event to the endpoint again, from the first attempt. */
  async resend(
    endpointId: string,
    params: { event_id: string },
    options?: RequestOptions,
  ): Promise<ResendWebhookResponse> {
    return this._transport.request({
      method: 'POST',
      path: `/v1/webhooks/${pathParam('endpointId', endpointId)}/resend`,
      body: params,
      options,
    });
  }

  /**
   * Checks a delivery that reached your server (raw body, its headers, the endpoint's secret) and
   * returns the typed event; throws OiChatWebhookVerificationError when it is not authentic or
   * is older than 5 minutes. No request is made.
   */
  verify(
    rawBody: string | Uint8Array | ArrayBuffer,
    headers: WebhookHeaders,
    secret: string,
    options?: VerifyWebhookOptions,
  ): Promise<WebhookEvent> {
    return verifyWebhook(rawBody, headers, secret, options);
  }
}
