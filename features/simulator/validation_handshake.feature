@simulator
Feature: The simulator's validation handshake (how the simulator behaves, not a checklist item)
  The simulator, like Graph, creates a subscription only after its notification URL has answered the
  validation request: HTTP 200, text/plain, the validationToken echoed exactly. These stand-in endpoints
  answer it wrongly; the service's own failure path is in features/setup (STEP-4).

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
