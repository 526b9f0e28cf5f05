@simulator
Feature: Subscriptions live on the simulated clock (how the simulator behaves, not a checklist item)
  Graph subscriptions on Outlook events expire (at most 4230 minutes ahead); an expired subscription
  stops delivering and disappears, and Graph tells the lifecycle URL with subscriptionRemoved. Renewing
  by PATCH before expiry keeps it alive. A notification the endpoint does not acknowledge is retried
  for four hours, then dropped. Days and hours pass here in milliseconds.

  Background:
    Given the sync service is running

  Scenario: An unrenewed subscription is gone after its expiry, and the service hears subscriptionRemoved
    Given integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When 3 simulated days pass
    Then the subscription is gone
    And a worker processes the lifecycle event "subscriptionRemoved" for that subscription

  Scenario: Renewing by PATCH before expiry keeps the subscription alive for 10 days
    Given integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When the subscription is renewed for 4230 minutes every 2 days for 10 simulated days
    Then the subscription is still active
    And no lifecycle event reached the service
    When a meeting is booked in the room "room.amsterdam"
    Then a worker processes a "created" change for that subscription

  Scenario: A notification that is never acknowledged is retried for 4 hours, then dropped
    Given a notification endpoint that answers the validation with the token exactly
    And the endpoint fails every notification with HTTP 500
    And the app subscribes to the room "room.amsterdam" for that endpoint, expiring in 4230 minutes
    When a meeting is booked in the room "room.amsterdam"
    And 5 simulated hours pass minute by minute
    Then the notification was attempted at least 8 times over 4 hours and then dropped
