@fault @INFRA-4 @TEST-15
Feature: Slow storage and a slow Graph delay work but never block it or lose it
  No database transaction is open while Graph answers or a Retry-After is waited out, a throttled job waits
  in the outbox (not in a worker) so other rooms keep syncing, readers never block writers (write-ahead
  log), and a Graph call that fails in transport is retried with the job.

  Scenario: A long reader holds the database while Outlook keeps changing calendars
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    And the integration is active
    When a reader holds the database for 4 seconds while Outlook changes the rooms' calendars, 5 changes a second, and 24 admin writes are made
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated
    And the webhook acknowledged every notification
    And every admin write succeeded within 1 second

  Scenario: Graph throttles one room's delta with a long Retry-After; other rooms and the database go on meanwhile
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    And the integration is active
    And Graph throttles the next 2 delta calls for "room.amsterdam" with Retry-After 600 seconds
    When a meeting is booked in the room "room.amsterdam"
    And the sync waits on Graph's Retry-After
    And 24 admin writes are made meanwhile
    And a meeting is booked in the room "room.berlin"
    Then the object "Berlin" has a confirmed booking from "10:00" to "11:00"
    And the object "Amsterdam" has 0 bookings
    And every admin write succeeded within 1 second
    And the webhook acknowledged every notification
    When the service waits out Graph's Retry-After
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated

  Scenario Outline: Delta calls that fail in transport (<fault>) are retried with the job and lose nothing
    Given the sync service is running, reaching Graph through a proxy
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And the next 2 delta calls fail in transport: "<fault>"
    When a meeting is booked in the room "room.amsterdam"
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated
    And the proxy served <served> faults
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

    # A slow answer is not a failure: the first slow call brings the change.
    Examples:
      | fault          | served |
      | empty response | 2      |
      | truncated body | 2      |
      | malformed body | 2      |
      | slow body      | 1      |

  Scenario: Graph drops the connection on delta calls; the job is retried and loses nothing
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And Graph drops the connection on the next 2 delta calls
    When a meeting is booked in the room "room.amsterdam"
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated
    And the simulator's injected faults are used up
