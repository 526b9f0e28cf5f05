Feature: Broken sample

  Scenario: Missing keyword
    Given a counter starting at 1
    this line has no keyword
