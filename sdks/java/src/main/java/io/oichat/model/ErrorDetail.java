package io.oichat.model;

/**
 * One broken rule of a {@code validation_failed} error: {@code field} is a dotted path
 * ({@code user_info.avatar_url}, {@code participants.1}), {@code rule} the rule's name
 * ({@code minItems}, {@code maxLength}, …), {@code message} a sentence for people.
 */
public record ErrorDetail(String field, String rule, String message) {}
