@TEST-15
Feature: A burst of changes to one room costs at most two reads of its calendar
  Graph posts a notification per change, so a burst of changes to one room arrives as a burst of
  notifications. The service starts reading a calendar at Graph at most once a second
  (Sync:MinRoundInterval): a notification that comes sooner waits in the outbox until then, and the
  one read that follows answers every notification that came meanwhile. A notification of an item
  version the service has already read (its own write to Outlook, or a change an earlier read saw)
  costs no read at all. The room stays far below Graph's limit of 10,000 requests per 10 minutes.

  Scenario: Notifications within a second of the room's last read wait, and one more read answers them all
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And a meeting "Planning" is booked in the room "room.amsterdam" from "09:00" to "10:00"
    And the reads of Graph are counted from here
    When Outlook reports the event "evt-1" as updated
    And Outlook reports the event "evt-2" as updated
    And Outlook reports the event "evt-3" as created
    Then 1 job waits for the calendar's next read
    And since then the service read the calendar at Graph 0 times and answered 2 jobs without reading it
    When 1 simulated second passes
    Then 0 jobs wait for the calendar's next read
    And since then the service read the calendar at Graph 1 time and answered 2 jobs without reading it
    And the object "Amsterdam" has a confirmed booking from "09:00" to "10:00"

  Scenario: The notification of the service's own write to Outlook costs no read of Graph
    Given the sync service is running
    And integration mode A connects the service account "booking.service" for the object "Main office"
    And the integration is active
    # Graph's latency (seconds) lets the service record its new item before the notification of it comes.
    And the simulator delays the next 1 notification by 1 simulated minute
    And the reads of Graph are counted from here
    When a booking "Board meeting" from "14:00" to "15:00" is made on the object "Main office" as confirmed
    Then the Outlook calendar of "booking.service" shows "Board meeting" from "14:00" to "15:00" as busy
    When 60 simulated seconds pass
    Then Graph's latest notification was acknowledged with HTTP 202
    And since then the service read the calendar at Graph 0 times and answered 1 job without reading it
    And the object "Main office" has 1 booking
