@INFRA-1 @TEST-10
Feature: Webhook validation handshake
  Graph creates a subscription only after its notification URL has answered the validation request:
  HTTP 200, text/plain, the validationToken echoed exactly. Without that there is no subscription and
  so no push sync at all. The token is opaque and contains spaces and colons.

  Scenario: The service webhook echoes the token and the subscription is created
    Given the sync service is running
    When a subscription to "me/events" expiring in 4230 minutes is requested for the service webhook
    Then the subscription is created
    And the simulator lists 1 subscription for the service webhook

  Scenario Outline: An endpoint that does not echo the token exactly gets no subscription
    Given a notification endpoint that answers the validation with <answer>
    When a subscription to "me/events" expiring in 4230 minutes is requested for that endpoint
    Then the subscription is refused with HTTP 400 "ValidationError": "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request."
    And the simulator lists no subscriptions

    Examples:
      | answer                      |
      | the token still URL-encoded |
      | the token cut at its first space |
      | an empty body               |
      | the token with HTTP 202     |
      | the token as JSON           |

  Scenario: An endpoint that never answers times out after 10 simulated seconds
    Given a notification endpoint that answers the validation with no answer at all
    When a subscription to "me/events" expiring in 4230 minutes is requested for that endpoint
    And 10 simulated seconds pass
    Then the subscription is refused with HTTP 400 "InvalidRequest": "Subscription validation request timed out."
    And the simulator lists no subscriptions
