@fault @INFRA-4 @TEST-12
Feature: A worker node that dies mid-job loses nothing
  A job is acknowledged only after its effect is committed. A worker that dies in the middle of a job
  (here: while Graph is still answering its delta call) never acknowledges it; the broker hands the job
  to another worker, which does the whole sync again.

  Scenario: The worker syncing a room dies while Graph answers; another worker finishes the job
    Given the sync service is running without a worker
    And 2 worker nodes are running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And Graph answers the next delta call for "room.amsterdam" only after 30 simulated seconds
    When a meeting is booked in the room "room.amsterdam"
    And the worker node syncing "room.amsterdam" dies mid-job
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
