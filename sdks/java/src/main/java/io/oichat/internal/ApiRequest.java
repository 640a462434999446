package io.oichat.internal;

import com.fasterxml.jackson.databind.JavaType;

/**
 * One call as a resource describes it: method, target, body (any value the SDK's mapper writes, a
 * {@link RawBody} sent as it is, or null) and the type of the answer (null for none). Internal:
 * not part of the SDK's API.
 */
public record ApiRequest<T>(String method, UrlPath path, Object body, JavaType responseType) {
    public static <T> ApiRequest<T> get(UrlPath path, JavaType responseType) {
        return new ApiRequest<>("GET", path, null, responseType);
    }

    public static <T> ApiRequest<T> post(UrlPath path, Object body, JavaType responseType) {
        return new ApiRequest<>("POST", path, body, responseType);
    }

    public static <T> ApiRequest<T> patch(UrlPath path, Object body, JavaType responseType) {
        return new ApiRequest<>("PATCH", path, body, responseType);
    }

    public static <T> ApiRequest<T> delete(UrlPath path, JavaType responseType) {
        return new ApiRequest<>("DELETE", path, null, responseType);
    }
}
