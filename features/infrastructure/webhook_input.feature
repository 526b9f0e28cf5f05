@INFRA-1 @PROD-09
Feature: The webhook refuses what is not Graph, and the status shows what arrived
  The webhook is public: anyone can post to it. A body that is not a notification batch is refused with
  400, a body larger than Graph ever sends with 413, a notification for a subscription the service never
  made with 403; none of them queues anything. The webhook's counters and each calendar's status (last
  notification, last sync, problem, subscription) show the operator what arrived and what it led to.

  Background:
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active

  Scenario: A meeting booked in the room is counted, synced, and shown on the calendar's status
    Then the status of the calendar "room.amsterdam" shows:
      | last notification | never          |
      | last sync         | within 1 minute |
      | subscription      | active         |
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the status of the calendar "room.amsterdam" shows:
      | last notification | within 1 minute             |
      | last sync         | after the last notification |
      | problem           | none                        |
      | subscription      | active                      |
    And the webhook's counters are:
      | rejected as spoofed | 0 |
      | malformed           | 0 |
      | too large           | 0 |

  @misconfiguration
  Scenario: A body that is not JSON is refused with 400 and queues nothing
    When a notification body that is not JSON is posted to the webhook
    Then the webhook refused the notification with HTTP 400
    And the webhook's counters are:
      | malformed | 1 |
      | queued    | 0 |
    And once the service has settled, the object "Amsterdam" has no active booking

  @misconfiguration
  Scenario: A body of 2 MB is refused with 413 and queues nothing
    When a notification body of 2 MB is posted to the webhook
    Then the webhook refused the notification with HTTP 413
    And the webhook's counters are:
      | too large | 1 |
      | queued    | 0 |

  @misconfiguration
  Scenario: A notification for a subscription the service does not know is refused with 403
    When a notification for a subscription the service does not know arrives
    Then the webhook refused the notification with HTTP 403
    And the webhook's counters are:
      | rejected as spoofed | 1 |
      | queued              | 0 |
    And the status of the calendar "room.amsterdam" shows:
      | last notification | never |
