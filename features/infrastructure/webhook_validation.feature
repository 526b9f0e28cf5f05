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
